/**
 * One practice task a line, `task id: hint` (e.g. `214: Sarcastic praise is negative`); the
 * lines that do not read so come back as problems, by line.
 */
export function parsePracticeLines(text: string): { items: { taskId: number; hint: string }[]; problems: string[] } {
  const items: { taskId: number; hint: string }[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const match = line.match(/^\s*#?(\d+)\s*[:\-–]\s*(.+)$/);
    if (match) items.push({ taskId: Number(match[1]), hint: match[2]!.trim() });
    else problems.push(`line ${i + 1}: write "task id: hint"`);
  });
  return { items, problems };
}
