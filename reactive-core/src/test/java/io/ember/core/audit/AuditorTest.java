package io.ember.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

class AuditorTest {

    @Test
    void theUserWrittenIntoTheContextIsTheCurrentUser() {
        StepVerifier.create(Auditor.currentUser().contextWrite(Auditor.withUser("ada")))
                .expectNext("ada")
                .verifyComplete();
        assertThat(Auditor.user(Context.of(Auditor.KEY, 7L))).contains(7L);
    }

    @Test
    void withoutAUserTheCurrentUserIsEmpty() {
        StepVerifier.create(Auditor.currentUser()).verifyComplete();
        StepVerifier.create(Auditor.currentUser().contextWrite(Auditor.anonymous()).contextWrite(Auditor.withUser("ada")))
                .verifyComplete();
        assertThat(Auditor.user(Context.empty())).isEmpty();
    }

    @Test
    void aNullUserIsRefusedAtCallTime() {
        assertThatThrownBy(() -> Auditor.withUser(null)).isInstanceOf(NullPointerException.class).hasMessage("user");
    }
}
