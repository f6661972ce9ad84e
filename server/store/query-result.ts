// The result types live in lib/ (the browser draws them too); the server names them here as before.
export * from '@/lib/query/result-types';
