/**
 * A table's one mapper from rows to core's model: for each column, the model field it fills and
 * how its stored value is read. The mapper takes any selection of columns and returns the fields
 * they fill, so a query that reads three columns gets three fields, typed, with no second mapper.
 */
export type ColumnReaders<Row, Model> = {
  [C in keyof Row]: { [F in keyof Model]: readonly [F, (stored: Row[C]) => Model[F]] }[keyof Model];
};

/** The model fields that a selection of columns fills. */
export type FieldsOf<Row, Model, R extends ColumnReaders<Row, Model>, C extends keyof Row> = Pick<Model, R[C][0]>;

export function rowMapper<Row, Model>() {
  return <const R extends ColumnReaders<Row, Model>>(readers: R) =>
    <C extends keyof Row>(row: Pick<Row, C>): FieldsOf<Row, Model, R, C> => {
      const model: Partial<Record<keyof Model, unknown>> = {};
      for (const column in row) {
        const [field, read] = readers[column];
        model[field] = (read as (stored: unknown) => unknown)(row[column]);
      }
      return model as FieldsOf<Row, Model, R, C>;
    };
}

/** A column read as stored. */
export const asStored = <T>(stored: T): T => stored;
