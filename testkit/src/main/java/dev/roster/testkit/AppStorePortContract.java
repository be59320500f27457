package dev.roster.testkit;

import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.RateLimit;
import dev.roster.core.domain.RateLimits;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app store port: an app's secret and every one of its settings are kept as saved, and its
 * token revocation is kept apart from them.
 */
public abstract class AppStorePortContract extends ContractSupport {

    @Test
    void everySettingIsReadBackAsSaved() {
        AppSettings settings = new AppSettings(false, true, "nl-BE", Set.of("buyer", "seller"),
                new RateLimits(new RateLimit(7, 11), new RateLimit(RateLimit.MAX, 1)), false);
        App saved = new App(newId("app"), "sk_test_" + newId("key"), settings);

        storage().apps().save(saved);

        assertEquals(saved, storage().apps().find(saved.id()).orElseThrow());
    }

    @Test
    void savingAgainReplacesEverySetting() {
        App first = new App(newId("app"), "sk_test_" + newId("key"), AppSettings.defaults()
                .withRateLimits(new RateLimits(new RateLimit(1, 2), new RateLimit(3, 4))));
        storage().apps().save(first);
        App second = first.withSettings(AppSettings.defaults().withDefaultLocale("fr"));

        storage().apps().save(second);

        assertEquals(second, storage().apps().find(first.id()).orElseThrow());
    }

    @Test
    void aTokenRevocationKeepsTheLaterTimeAndSurvivesASave() {
        App saved = new App(newId("app"), "sk_test_" + newId("key"), AppSettings.defaults());
        storage().apps().save(saved);
        assertTrue(storage().apps().tokensRevokedBefore(saved.id()).isEmpty());

        storage().apps().revokeTokens(saved.id(), 2_000);
        storage().apps().revokeTokens(saved.id(), 1_000);
        storage().apps().save(saved.withSettings(AppSettings.defaults().withLegacySignatures(false)));

        assertEquals(2_000L, storage().apps().tokensRevokedBefore(saved.id()).orElseThrow());
        assertFalse(storage().apps().find(saved.id()).orElseThrow().settings().legacySignatures());
    }

    @Test
    void revokingTheTokensOfAnUnknownAppStoresNothing() {
        String unknown = newId("app");

        storage().apps().revokeTokens(unknown, 1_000);

        assertTrue(storage().apps().find(unknown).isEmpty());
        assertTrue(storage().apps().tokensRevokedBefore(unknown).isEmpty());
    }

    @Test
    void anUnknownAppIsEmpty() {
        assertTrue(storage().apps().find(newId("app")).isEmpty());
    }
}
