package io.ember.core.error;

/** An entity that must exist does not (for example {@code replaceById} on a missing id). */
public final class NotFoundException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    private final Class<?> model;
    private final Object id;

    public NotFoundException(Class<?> model, Object id) {
        super(model.getSimpleName() + " with id " + id + " not found");
        this.model = model;
        this.id = id;
    }

    /** The model looked up. */
    public Class<?> model() {
        return model;
    }

    /** The id that was not found. */
    public Object id() {
        return id;
    }
}
