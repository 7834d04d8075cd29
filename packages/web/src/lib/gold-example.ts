import type { LabelSchema } from "@quorum/core";

/**
 * An example gold answer for a project's import help: gold is given as the stored label value,
 * never the name annotators see. `json` is the JSONL `gold` value, `csv` the CSV `gold` cell
 * (several values joined with `|`), `shown` the display name the value stands for, when it has one
 * that differs from the value.
 */
export interface GoldExample {
  json: string;
  csv: string;
  shown?: string;
}

/** Prefers an option whose name differs from its value, so the example shows the difference. */
function telling<T extends { value: string; label: string }>(options: readonly T[]): T[] {
  return [...options].sort((a, b) => Number(a.label === a.value) - Number(b.label === b.value));
}

/** The example gold answer for `schema`; for a ranking, the items field names where the ids come from. */
export function goldExample(schema: LabelSchema): GoldExample {
  switch (schema.type) {
    case "single_choice": {
      const [option] = telling(schema.options);
      if (!option) return { json: '""', csv: "" };
      return withName(JSON.stringify(option.value), option.value, option.label);
    }
    case "multi_label": {
      const chosen = telling(schema.options.filter((o) => !o.exclusive)).slice(
        0,
        Math.max(1, Math.min(2, schema.maxSelected)),
      );
      const values = chosen.map((o) => o.value).sort();
      const names = chosen.map((o) => o.label).join(", ");
      return withName(JSON.stringify(values), values.join("|"), names === values.join(", ") ? undefined : names);
    }
    case "rating": {
      const value = schema.max;
      return withName(String(value), String(value), schema.labels[String(value)]);
    }
    case "pairwise":
      return { json: '"left"', csv: "left" };
    case "ranking":
      return { json: '["item-2","item-1","item-3"]', csv: "item-2|item-1|item-3" };
    case "free_text":
      return { json: '"the expected text"', csv: "the expected text" };
  }
}

function withName(json: string, csv: string, name: string | undefined): GoldExample {
  return name !== undefined && name !== csv ? { json, csv, shown: name } : { json, csv };
}
