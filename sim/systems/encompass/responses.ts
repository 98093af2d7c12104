import type { Response } from 'express';

/** Encompass's error body: `{summary, details}`. */
export function sendEncompassError(res: Response, status: number, summary: string, details: string): void {
  res.status(status).json({ summary, details });
}
