'use client';

import { useState } from 'react';
import { Input, Select } from '../ui/primitives';

const UNITS = [
  { label: 'seconds', s: 1 },
  { label: 'minutes', s: 60 },
  { label: 'hours', s: 3600 },
  { label: 'days', s: 86_400 },
] as const;

function bestUnit(seconds: number): number {
  for (let i = UNITS.length - 1; i >= 0; i--) if (seconds % UNITS[i].s === 0) return UNITS[i].s;
  return 1;
}

/** A duration typed as a number and a unit; the value is whole seconds. */
export function DurationInput({ seconds, onChange, label, min = 1 }: { seconds: number; onChange: (s: number) => void; label: string; min?: number }) {
  const [unit, setUnit] = useState(() => bestUnit(seconds));
  return (
    <div className="flex gap-2">
      <Input type="number" aria-label={label} min={Math.max(1, Math.ceil(min / unit))} step={1} className="w-24" value={Math.round(seconds / unit)} onChange={(e) => onChange(Math.max(0, Math.round(Number(e.target.value) * unit)))} />
      <Select aria-label={`${label} unit`} className="w-28" value={unit} onChange={(e) => {
        const next = Number(e.target.value);
        setUnit(next);
        onChange(Math.max(next, Math.round(seconds / next) * next));
      }}>
        {UNITS.map((u) => (
          <option key={u.s} value={u.s}>
            {u.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
