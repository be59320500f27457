package dev.roster.testkit;

import dev.roster.core.spi.Capability;
import dev.roster.core.spi.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The groups of {@link Capability#SHARED_BETWEEN_PROCESSES}: each test runs with a second store
 * opened on the data of {@link #storage()}, as another process would open it.
 */
public abstract class TwoProcessContract extends CapabilityContract {

    /** The second store, open during each test. */
    protected Storage other;

    /**
     * Opens a second store on the data of {@link #storage()}, as another process would.
     *
     * @return the second store, which the test closes
     */
    protected abstract Storage openAnotherProcess();

    @Override
    protected final Capability capability() {
        return Capability.SHARED_BETWEEN_PROCESSES;
    }

    @BeforeEach
    final void openTheOtherProcess() {
        other = openAnotherProcess();
    }

    @AfterEach
    final void closeTheOtherProcess() {
        if (other != null) {
            other.close();
        }
    }
}
