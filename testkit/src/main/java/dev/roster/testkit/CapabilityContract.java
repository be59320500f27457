package dev.roster.testkit;

import dev.roster.core.spi.Capability;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of a contract group that holds a store to one {@link Capability} beyond the contract
 * every store meets: its tests run only against a store that declares the capability, and are
 * reported as skipped, naming it, against any other. The suite runs every such group
 * ({@link StoreContract}), so a store that declares a capability cannot leave its group out.
 */
public abstract class CapabilityContract extends ContractSupport {

    /** {@return the guarantee this group's tests hold the store to} */
    protected abstract Capability capability();

    @BeforeEach
    final void requireTheCapability() {
        assumeCapability(capability());
    }
}
