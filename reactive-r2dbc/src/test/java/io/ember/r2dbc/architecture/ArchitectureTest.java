package io.ember.r2dbc.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package tree is the architecture: the core knows no driver, and reactive-core has no cycles. */
class ArchitectureTest {

    private static final JavaClasses EMBER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ember");

    @Test
    void coreDependsOnNoDriverAndNoImplementation() {
        noClasses().that().resideInAPackage("io.ember.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.r2dbc..", "io.ember.r2dbc..", "io.netty..")
                .check(EMBER);
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching("io.ember.core.(*)..").should().beFreeOfCycles().check(EMBER);
    }

    @Test
    void libraryCodeNeverBlocks() {
        noClasses().that().resideInAPackage("io.ember..")
                .should().callMethod(reactor.core.publisher.Mono.class, "block")
                .orShould().callMethod(reactor.core.publisher.Flux.class, "blockLast")
                .orShould().callMethod(reactor.core.publisher.Flux.class, "blockFirst")
                .check(EMBER);
    }
}
