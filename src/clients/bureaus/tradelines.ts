import type { TradelineSummary } from '../../domain/credit';

/** A tradeline reduced to what underwriting reads from it, whatever the bureau's codes. */
export interface TradelineFacts {
  isMortgage: boolean;
  isRevolving: boolean;
  isDerogatory: boolean;
  balance: number;
  /** Credit limit of revolving credit; ignored for other tradelines. */
  creditLimit: number;
  monthlyPayment: number;
}

export function summariseTradelines(tradelines: readonly TradelineFacts[]): TradelineSummary {
  const revolving = tradelines.filter((t) => t.isRevolving);
  const revolvingLimit = sum(revolving.map((t) => t.creditLimit));
  return {
    count: tradelines.length,
    mortgageCount: tradelines.filter((t) => t.isMortgage).length,
    totalBalance: sum(tradelines.map((t) => t.balance)),
    totalMonthlyPayment: sum(tradelines.map((t) => t.monthlyPayment)),
    revolvingUtilisationPercent:
      revolvingLimit > 0 ? Math.round((sum(revolving.map((t) => t.balance)) / revolvingLimit) * 100) : null,
    derogatoryCount: tradelines.filter((t) => t.isDerogatory).length,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
