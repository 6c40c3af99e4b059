package io.ember.r2dbc.spring;

import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import java.beans.Introspector;
import java.util.Map;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/** Registers the repositories {@link EnableEmberRepositories} lists, with their generic types. */
final class EmberRepositoriesRegistrar implements ImportBeanDefinitionRegistrar {

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(EnableEmberRepositories.class.getName());
        if (attributes == null) {
            return;
        }
        for (Class<?> type : (Class<?>[]) attributes.get("value")) {
            RootBeanDefinition definition = new RootBeanDefinition(type);
            definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
            registry.registerBeanDefinition(Introspector.decapitalize(type.getSimpleName()), definition);
        }
        for (Class<?> model : (Class<?>[]) attributes.get("models")) {
            registry.registerBeanDefinition(Introspector.decapitalize(model.getSimpleName()) + "Repository",
                    modelRepository(model));
        }
    }

    private static RootBeanDefinition modelRepository(Class<?> model) {
        Class<?> id = ClassUtils.resolvePrimitiveIfNecessary(ModelMetadata.of(model).id().type());
        RootBeanDefinition definition = new RootBeanDefinition(DefaultCrudRepository.class);
        definition.setTargetType(ResolvableType.forClassWithGenerics(DefaultCrudRepository.class, model, id));
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, model);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(1, new RuntimeBeanReference(PostgresDataSource.class));
        return definition;
    }
}
