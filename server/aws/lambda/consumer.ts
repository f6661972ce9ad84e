/** Placeholder so the CDK app bundles before the real handler lands; replaced at merge. */
export async function handler(): Promise<never> {
  throw new Error('placeholder: replaced at merge');
}
