package io.ember.core.application;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Creates a repository from its class, once, at registration: the public constructor that takes one
 * argument the datasource is an instance of. No reflection happens after that.
 */
final class RepositoryFactory {

    private RepositoryFactory() {
    }

    /**
     * A new repository, or the error its constructor threw (wrapped as the cause of a
     * {@link ConstructorFailure}).
     *
     * @throws IllegalArgumentException when the class has no such constructor or cannot be instantiated
     */
    static <R extends ManagedRepository> R create(Class<R> type, ManagedDataSource dataSource) {
        Constructor<?> chosen = null;
        for (Constructor<?> c : type.getConstructors()) {
            if (c.getParameterCount() == 1 && c.getParameterTypes()[0].isInstance(dataSource)) {
                chosen = c;
                break;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException(type.getName() + " has no public constructor taking one "
                    + dataSource.getClass().getSimpleName() + " (the datasource it is registered with)");
        }
        try {
            return type.cast(chosen.newInstance(dataSource));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new ConstructorFailure(e.getCause() == null ? e : e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot create " + type.getName() + ": " + e, e);
        }
    }

    /** The repository's constructor threw; {@link #getCause()} is what it threw. */
    static final class ConstructorFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ConstructorFailure(Throwable cause) {
            super(cause);
        }
    }
}
