package io.ember.r2dbc.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.r2dbc.datasource.PostgresDataSource;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: without it on the classpath, every class of Ember outside
 * {@code io.ember.r2dbc.observation} loads, links and initialises, and a datasource with a slow-query log
 * is built and closed. Checked in a class loader that has the test's classpath minus Micrometer.
 */
class MicrometerIsOptionalTest {

    private static final String OBSERVATION = "io/ember/r2dbc/observation/";

    @Test
    void everyClassOutsideTheObservationPackageLoadsWithoutMicrometer() throws Exception {
        Path classes = Paths.get(PostgresDataSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = classNames(classes);
        assertThat(names).hasSizeGreaterThan(100);

        try (URLClassLoader withoutMicrometer = new URLClassLoader(classpathWithoutMicrometer(),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, withoutMicrometer))
                    .isInstanceOf(ClassNotFoundException.class);
            int linked = 0;
            for (String name : names) {
                Class<?> type = Class.forName(name, true, withoutMicrometer);
                type.getDeclaredMethods();
                type.getDeclaredFields();
                type.getDeclaredConstructors();
                linked++;
            }
            assertThat(linked).isEqualTo(names.size());

            Class<?> dataSources = Class.forName(PostgresDataSource.class.getName(), true, withoutMicrometer);
            Object builder = dataSources.getMethod("builder").invoke(null);
            Method threshold = builder.getClass().getMethod("slowQueryThreshold", Duration.class);
            threshold.invoke(builder, Duration.ofMillis(10));
            Object ds = builder.getClass().getMethod("build").invoke(builder);
            ds.getClass().getMethod("close").invoke(ds);
            assertThat(ds.getClass().getMethod("isClosed").invoke(ds)).isEqualTo(true);

            assertThatThrownBy(() -> Class.forName(EmberObservability.class.getName(), true, withoutMicrometer)
                    .getDeclaredMethods())
                    .isInstanceOf(NoClassDefFoundError.class);
        }
    }

    private static List<String> classNames(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.map(classes::relativize)
                    .map(p -> p.toString().replace(File.separatorChar, '/'))
                    .filter(p -> p.endsWith(".class") && !p.startsWith(OBSERVATION) && !p.endsWith("package-info.class"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
    }

    private static URL[] classpathWithoutMicrometer() throws MalformedURLException {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank() && !entry.contains(File.separator + "micrometer")
                    && !entry.contains(File.separator + "context-propagation")) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
