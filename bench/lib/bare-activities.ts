/** The bare workflow's only activity (bench/workflows/bare.ts): it does nothing and answers its input. */
export function createBareActivities() {
  return {
    async bareNoop(n: number): Promise<number> {
      return n;
    },
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
