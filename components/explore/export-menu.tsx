'use client';

import { toCsv } from '@/lib/export/csv';
import { Button } from '../ui/primitives';
import type { Row } from '@/lib/charts/result-shape';

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Download what the table shows: CSV (formula-safe for spreadsheets) or JSON. */
export function ExportMenu({ columns, rows }: { columns: string[]; rows: Row[] }) {
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  return (
    <>
      <Button onClick={() => download(`logline-${stamp}.csv`, 'text/csv', toCsv(columns, rows))}>CSV</Button>
      <Button onClick={() => download(`logline-${stamp}.json`, 'application/json', JSON.stringify(rows, null, 2))}>JSON</Button>
    </>
  );
}
