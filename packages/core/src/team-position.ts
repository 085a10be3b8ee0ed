const POSITIONS: Record<number, string> = {
  0: "Unassigned",
  1: "Team Leader",
  2: "Team Member",
  3: "Trainee",
  4: "Supervisor",
  5: "Assistant",
};

/** MaidCentral's TeamPosition code in words; codes we don't know yet read "Unknown". */
export function teamPositionName(code: number | null): string {
  if (code === null) return "Unassigned";
  return POSITIONS[code] ?? "Unknown";
}
