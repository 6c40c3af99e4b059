package io.ember.r2dbc.repository;

import io.ember.core.model.PropertyMetadata;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a COPY load writes its rows: binary ({@link CopyBinary}) when the catalog shows every column
 * in a type whose binary form matches the property's kind, else text ({@link CopyText}).
 */
abstract sealed class CopyFormat {

    /** What the catalog says of one column: its type's oid and whether that type is an enum. */
    record ColumnType(int oid, boolean isEnum) {
    }

    final List<PropertyMetadata> columns;

    private CopyFormat(List<PropertyMetadata> columns) {
        this.columns = columns;
    }

    /** Text. */
    static CopyFormat text(List<PropertyMetadata> columns) {
        return new Text(columns);
    }

    /**
     * Binary when every column appears in {@code types} (by column name) in a type
     * {@link CopyBinary#field} writes for its property, else text (a table the catalog does not
     * show, a numeric or array column, a domain, a column of a wider or other type).
     */
    static CopyFormat of(List<PropertyMetadata> columns, Map<String, ColumnType> types) {
        CopyBinary.Field[] fields = new CopyBinary.Field[columns.size()];
        for (int i = 0; i < fields.length; i++) {
            PropertyMetadata column = columns.get(i);
            ColumnType type = types.get(column.column());
            CopyBinary.@Nullable Field field = type == null ? null : CopyBinary.field(column, type.oid(), type.isEnum());
            if (field == null) {
                return text(columns);
            }
            fields[i] = field;
        }
        return new Binary(columns, fields);
    }

    abstract boolean isBinary();

    /** Written once, before the first row. */
    abstract void header(ByteBuf out);

    abstract void row(ByteBuf out, Object[] values);

    /** Written once, after the last row; the data ends with it. */
    abstract void trailer(ByteBuf out);

    private static final class Text extends CopyFormat {
        Text(List<PropertyMetadata> columns) {
            super(columns);
        }

        @Override
        boolean isBinary() {
            return false;
        }

        @Override
        void header(ByteBuf out) {
        }

        @Override
        void row(ByteBuf out, Object[] values) {
            CopyText.row(out, columns, values);
        }

        @Override
        void trailer(ByteBuf out) {
        }
    }

    private static final class Binary extends CopyFormat {
        private final CopyBinary.Field[] fields;

        Binary(List<PropertyMetadata> columns, CopyBinary.Field[] fields) {
            super(columns);
            this.fields = fields;
        }

        @Override
        boolean isBinary() {
            return true;
        }

        @Override
        void header(ByteBuf out) {
            CopyBinary.header(out);
        }

        @Override
        void row(ByteBuf out, Object[] values) {
            CopyBinary.row(out, columns, fields, values);
        }

        @Override
        void trailer(ByteBuf out) {
            CopyBinary.trailer(out);
        }
    }
}
