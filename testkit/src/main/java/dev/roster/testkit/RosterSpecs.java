package dev.roster.testkit;

import dev.roster.core.api.Roster;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands a {@link RosterSpec} test into one run per combination of its options, and hands each
 * run's options to the {@link ContractSupport} test before its Roster is built.
 */
final class RosterSpecs implements TestTemplateInvocationContextProvider {

    /** One combination of options; {@link #DEFAULTS} is Roster's own. */
    record Options(RosterSpec.Cache cache, RosterSpec.Batching batching) {

        static final Options DEFAULTS = new Options(RosterSpec.Cache.ON, RosterSpec.Batching.ON);

        /** The builder with these options set. */
        Roster.Builder applyTo(Roster.Builder builder) {
            if (cache == RosterSpec.Cache.OFF) {
                builder.cacheSize(0);
            }
            return builder.batchFetches(batching == RosterSpec.Batching.ON);
        }

        @Override
        public String toString() {
            return "cache " + cache.name().toLowerCase() + ", batching " + batching.name().toLowerCase();
        }
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestMethod(), RosterSpec.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        RosterSpec spec = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), RosterSpec.class).orElseThrow();
        if (spec.cache().length == 0 || spec.batching().length == 0) {
            throw new IllegalArgumentException("@RosterSpec of " + context.getRequiredTestMethod() + " names no option");
        }
        List<TestTemplateInvocationContext> runs = new ArrayList<>();
        for (RosterSpec.Cache cache : spec.cache()) {
            for (RosterSpec.Batching batching : spec.batching()) {
                runs.add(run(new Options(cache, batching)));
            }
        }
        return runs.stream();
    }

    private static TestTemplateInvocationContext run(Options options) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return "[" + options + "]";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of((BeforeEachCallback) context -> {
                    if (!(context.getRequiredTestInstance() instanceof ContractSupport test)) {
                        throw new IllegalStateException("@RosterSpec needs a ContractSupport test: " + context.getDisplayName());
                    }
                    test.options = options;
                });
            }
        };
    }
}
