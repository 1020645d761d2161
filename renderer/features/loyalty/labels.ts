import type { LoyaltyEntryKind, LoyaltyScheme } from '../../../shared/contract';

export const entryLabels: Record<LoyaltyEntryKind, string> = {
  earned: 'Earned',
  used: 'Reward used',
  adjusted: 'Adjusted',
  expired: 'Lapsed',
  voided: 'Sale voided',
};

/** "240 pts · 2 rewards": how a balance reads at the counter; the rewards only while the scheme is on. */
export function balanceText(points: number, scheme: LoyaltyScheme | null, count: (n: number) => string): string {
  const pts = `${count(points)} pts`;
  if (!scheme) return pts;
  const rewards = Math.floor(points / scheme.rewardPoints);
  return `${pts} · ${count(rewards)} ${rewards === 1 ? 'reward' : 'rewards'}`;
}

/** Whether a customer holding `points` can use a reward now. */
export const rewardReady = (points: number, scheme: LoyaltyScheme | null): scheme is LoyaltyScheme => scheme !== null && points >= scheme.rewardPoints;

/** The key that uses a reward in the quick sale (F2 opens it): shown in the dialog, handled by it. */
export const REWARD_KEY = 'F4';
