package dev.floe.catalog;

import dev.floe.event.PromotedColumn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Lets a table that moved on be written by this Floe: columns a user or another Floe added are left
 * null, optional columns this Floe writes and the table lacks are added, and a column whose type
 * this Floe needs wider is widened as Iceberg allows (int to long, float to double) — all in one
 * schema update. The update is committed against the schema it was planned on; when another node
 * changed the table first, the plan is made again on the new schema, so a column both add lands
 * once and nobody's change is overwritten. Only a true conflict refuses the table, naming the
 * column: a required column Floe cannot fill, or a type Floe cannot write.
 */
final class SchemaEvolution {
  private static final Logger LOG = Logger.getLogger(SchemaEvolution.class.getName());
  private static final int ATTEMPTS = 10;

  private SchemaEvolution() {}

  static void apply(Table table, List<PromotedColumn> promoted) {
    for (int attempt = 1; ; attempt++) {
      Plan plan = plan(table, promoted);
      if (!plan.conflicts.isEmpty()) {
        throw new IncompatibleTableException(
            "Table "
                + table.name()
                + " is not compatible with Floe: "
                + String.join("; ", plan.conflicts));
      }
      if (plan.additions.isEmpty() && plan.widenings.isEmpty()) {
        return;
      }
      UpdateSchema update = table.updateSchema();
      plan.additions.forEach(f -> update.addColumn(f.name(), f.type()));
      plan.widenings.forEach(f -> update.updateColumn(f.name(), f.type().asPrimitiveType()));
      try {
        update.commit();
        LOG.info(
            "Table "
                + table.name()
                + ": schema "
                + table.schema().schemaId()
                + (plan.additions.isEmpty() ? "" : ", added " + names(plan.additions))
                + (plan.widenings.isEmpty() ? "" : ", widened " + names(plan.widenings)));
        return;
      } catch (CommitFailedException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        // another node changed the table first: plan again on what it holds now
        table.refresh();
      }
    }
  }

  static void widen(Table table, String column) {
    for (int attempt = 1; ; attempt++) {
      Types.NestedField f = table.schema().findField(column);
      Type.PrimitiveType wider =
          f == null
              ? null
              : switch (f.type().typeId()) {
                case INTEGER -> Types.LongType.get();
                case FLOAT -> Types.DoubleType.get();
                default -> null;
              };
      if (wider == null) {
        return; // another node widened (or dropped) it
      }
      try {
        table.updateSchema().updateColumn(column, wider).commit();
        LOG.info("Table " + table.name() + ": widened " + column + " to " + wider);
        return;
      } catch (CommitFailedException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        table.refresh();
      }
    }
  }

  /** What the table needs, planned on its current schema. */
  static Plan plan(Table table, List<PromotedColumn> promoted) {
    Plan plan = new Plan();
    Schema have = table.schema();
    Set<String> ours = new HashSet<>();
    for (Types.NestedField want : EventsTable.SCHEMA.columns()) {
      ours.add(want.name());
      plan.compare(have.findField(want.name()), want, false);
    }
    for (PromotedColumn p : promoted) {
      Types.NestedField want = EventsTable.field(p);
      if (ours.add(want.name())) {
        plan.compare(have.findField(want.name()), want, true);
      }
    }
    for (Types.NestedField extra : have.columns()) {
      if (!ours.contains(extra.name()) && extra.isRequired()) {
        plan.conflicts.add("column " + extra.name() + " is required and Floe cannot fill it");
      }
    }
    List<String> spec = EventsTable.specFields(table.spec(), have);
    List<String> expected = EventsTable.specFields(EventsTable.SPEC, EventsTable.SCHEMA);
    if (!spec.equals(expected)) {
      plan.conflicts.add("partition spec is " + spec + ", expected " + expected);
    }
    return plan;
  }

  private static String names(List<Types.NestedField> fields) {
    return fields.stream().map(f -> f.name() + " " + f.type()).toList().toString();
  }

  /** Columns to add, columns to widen, and the conflicts that refuse the table. */
  static final class Plan {
    final List<Types.NestedField> additions = new ArrayList<>();
    final List<Types.NestedField> widenings = new ArrayList<>();
    final List<String> conflicts = new ArrayList<>();

    private void compare(Types.NestedField have, Types.NestedField want, boolean promoted) {
      String name = want.name();
      if (have == null) {
        if (want.isRequired()) {
          conflicts.add("column " + name + " is missing, and Floe writes it as required");
        } else {
          additions.add(want);
        }
        return;
      }
      if (have.isRequired() && want.isOptional()) {
        conflicts.add("column " + name + " is required, and Floe may leave it null");
      } else if (EventsTable.sameType(have.type(), want.type())) {
        return;
      } else if (widens(have.type(), want.type())) {
        widenings.add(want);
      } else if (!(promoted && widens(want.type(), have.type()))) {
        // a promoted column wider than asked is fine: every value that fits the narrower fits it
        conflicts.add("column " + name + " is " + have.type() + ", Floe writes " + want.type());
      }
    }

    /** Iceberg's allowed promotions: int to long, float to double. */
    private static boolean widens(Type from, Type to) {
      return from.typeId() == Type.TypeID.INTEGER && to.typeId() == Type.TypeID.LONG
          || from.typeId() == Type.TypeID.FLOAT && to.typeId() == Type.TypeID.DOUBLE;
    }
  }
}
