'use client';

import { useEffect, useState } from 'react';

/** The current time (ms), re-read every `intervalMs`: for ages and relative times that stay true. */
export function useNow(intervalMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
