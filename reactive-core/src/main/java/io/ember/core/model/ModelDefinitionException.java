package io.ember.core.model;

/** A model that cannot work: the message names the model and, where there is one, the property. */
public final class ModelDefinitionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final Class<?> model;

    ModelDefinitionException(Class<?> model, String message) {
        super("Model " + model.getName() + ": " + message);
        this.model = model;
    }

    /** The model class at fault. */
    public Class<?> model() {
        return model;
    }
}
