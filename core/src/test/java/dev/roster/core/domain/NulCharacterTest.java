package dev.roster.core.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** U+0000 is refused in every text that reaches a store, under the path of the text. */
class NulCharacterTest {

    private static final List<String> NO_NUL = List.of("The text may not contain the NUL character (U+0000).");

    @Test
    void aConversationPatchNamesTheField() {
        RosterException error = assertThrows(RosterException.class, () -> ConversationPatch.fromJson(
                Map.of("subject", "a\u0000b", "custom", Map.of("k", "fine")), "c1"));
        assertEquals(Map.of("subject", NO_NUL), error.violations().byField());
    }

    @Test
    void aNestedCustomValueOrKeyIsNamed() {
        RosterException error = assertThrows(RosterException.class, () -> ConversationPatch.fromJson(
                Map.of("custom", Map.of("k", "v\u0000", "bad\u0000key", "v")), "c1"));
        assertEquals(NO_NUL, error.violations().byField().get("custom.k"));
        assertEquals(NO_NUL, error.violations().byField().get("custom.bad\u0000key"));
    }

    @Test
    void aMessageTextIsNamedWithItsIndex() {
        RosterException error = assertThrows(RosterException.class, () -> NewMessage.fromJson(
                Map.of("type", "SystemMessage", "text", "\u0000"), false, "[3]."));
        assertEquals(Map.of("[3].text", NO_NUL), error.violations().byField());
    }

    @Test
    void aUserPatchNamesEachField() {
        RosterException error = assertThrows(RosterException.class, () -> UserPatch.builder()
                .name("\u0000").email("a@x", "b\u0000@x").custom("k", "\u0000").build());
        assertEquals(java.util.Set.of("name", "email", "custom.k"), error.violations().byField().keySet());
    }
}
