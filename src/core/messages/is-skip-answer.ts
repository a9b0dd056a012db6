const SKIP_ANSWERS = new Set([
  'skip',
  'no',
  'none',
  'n/a',
  '-',
  '跳过',
  '略过',
  '不填',
  '不用',
  '无',
  '没有',
]);

/** Whether an owner's answer to a registration question means "skip it", in either language. */
export function isSkipAnswer(text: string): boolean {
  const answer = text
    .trim()
    .toLowerCase()
    .replace(/^[/"“”'‘’「」]+|[.。!！"“”'‘’「」]+$/gu, '');
  return SKIP_ANSWERS.has(answer);
}
