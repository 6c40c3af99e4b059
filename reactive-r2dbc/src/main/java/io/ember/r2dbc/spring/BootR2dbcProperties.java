package io.ember.r2dbc.spring;

import io.ember.r2dbc.datasource.DataSourceConfig;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/** Boot's {@code spring.r2dbc.*} properties (url, username, password, pool) applied to Ember's builder. */
final class BootR2dbcProperties {

    private BootR2dbcProperties() {
    }

    /** Whether {@code spring.r2dbc.url} is set. */
    static boolean present(Environment environment) {
        return StringUtils.hasText(environment.getProperty("spring.r2dbc.url"));
    }

    static DataSourceConfig.Builder applyTo(Environment environment, DataSourceConfig.Builder b) {
        R2dbcProperties p = Binder.get(environment).bindOrCreate("spring.r2dbc", R2dbcProperties.class);
        String url = p.getUrl();
        if (url != null) {
            b.url(url);
        }
        if (StringUtils.hasText(p.getUsername())) {
            b.user(p.getUsername());
        }
        if (StringUtils.hasText(p.getPassword())) {
            b.password(p.getPassword());
        }
        if (StringUtils.hasText(p.getName())) {
            b.database(p.getName());
        }
        R2dbcProperties.Pool pool = p.getPool();
        b.maxSize(pool.getMaxSize()).initialSize(Math.min(pool.getInitialSize(), pool.getMaxSize()));
        if (pool.getMaxIdleTime() != null) {
            b.maxIdleTime(pool.getMaxIdleTime());
        }
        if (pool.getMaxLifeTime() != null) {
            b.maxLifeTime(pool.getMaxLifeTime());
        }
        if (pool.getMaxAcquireTime() != null) {
            b.acquireTimeout(pool.getMaxAcquireTime());
        }
        if (StringUtils.hasText(pool.getValidationQuery())) {
            b.validationQuery(pool.getValidationQuery());
        }
        return b;
    }
}
