// The items of a single-choice quick pick with its default marked and preselected. VS Code's
// showQuickPick ignores `picked` for a single choice and highlights the first item, so a label
// saying "(default)" on another item was a lie: the default is made the active item instead.
// No `vscode` import, so the unit tests check it.
export interface DefaultablePick {
  label: string;
  description?: string;
  picked?: boolean;
}

/** Items as shown (the default's description ends "(default)", no `picked` flags) and the index of the one to preselect. */
export function markDefault<I extends DefaultablePick>(items: I[]): { items: I[]; active: number } {
  const active = Math.max(0, items.findIndex((i) => i.picked));
  const shown = items.map((i) => ({ ...i, picked: undefined, description: i.picked ? `${i.description ?? ''} (default)`.trim() : i.description }));
  return { items: shown, active };
}
