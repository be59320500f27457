package dev.roster.testkit;

import dev.roster.core.spi.Capability;
import dev.roster.core.spi.Storage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

/**
 * The whole contract suite. A store's test class extends this and supplies {@link #storage()};
 * the suite runs as nested groups against it, in layers:
 * <ul>
 *   <li>the groups every store passes, whatever it declares;</li>
 *   <li>one group per {@link Capability} ({@link CapabilityContract}): it runs where the store
 *       declares the capability and is skipped, naming it, where not, so a store is held to what it
 *       declares and to nothing more;</li>
 *   <li>{@link BackdoorContract}, against the store's own data, where the subclass gives a
 *       {@link #backdoor()}.</li>
 * </ul>
 * The user read and subscription groups run once per Roster option combination they name
 * ({@link RosterSpec}), and {@link StoreInvariants} checks the store after every test, the
 * subclass's own included. Engine-specific tests go beside the groups in the subclass.
 */
@ExtendWith(StoreInvariants.class)
public abstract class StoreContract {

    /** {@return the store under test: one instance for the whole test class, opened by the subclass} */
    protected abstract Storage storage();

    /**
     * The store's own data read around it, for the backdoor checks; none by default. A store test
     * gives one when the store keeps data a port does not show (a journal, an outbox, tables).
     *
     * @return the backdoor, or empty to skip the backdoor checks
     */
    protected Optional<StoreBackdoor> backdoor() {
        return Optional.empty();
    }

    /**
     * Opens a second store on the data of {@link #storage()}, as another process would; the
     * caller closes it. A store that declares {@link Capability#SHARED_BETWEEN_PROCESSES} must
     * override it: by default it fails the capability's group, naming what is missing.
     *
     * @return a second store on the same data
     */
    protected Storage openAnotherProcess() {
        throw new AssertionError(getClass().getSimpleName() + " runs a store that declares "
                + Capability.SHARED_BETWEEN_PROCESSES + ", so it must override openAnotherProcess() to open a "
                + "second store on the same data");
    }

    @Nested
    class UserStorePort extends UserStorePortContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class AppStorePort extends AppStorePortContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class WebhookStorePort extends WebhookStorePortContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserPatchRule extends UserPatchContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserValidation extends UserValidationContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserBatches extends UserBatchContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserPaging extends UserPagingContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserConcurrency extends UserConcurrencyContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserDataApi extends UserDataApiContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserSubscriptions extends UserSubscriptionContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserLifecycle extends UserLifecycleContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class Presence extends PresenceContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserActivity extends UserActivityContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserExport extends UserExportContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class ListingOracle extends ListingOracleContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class UserQueryOracle extends UserQueryOracleContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class ConversationFilters extends ConversationFilterContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class ConversationListing extends ConversationListingContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class ConversationMessages extends ConversationMessageContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class ConversationLifecycle extends ConversationLifecycleContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class ConversationDataApi extends ConversationDataApiContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class IsolatedMultiWrites extends IsolatedMultiWriteContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }
    }

    @Nested
    class SharedBetweenProcesses extends SharedBetweenProcessesContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }

        @Override
        protected Storage openAnotherProcess() {
            return StoreContract.this.openAnotherProcess();
        }
    }

    @Nested
    class WebhooksSharedBetweenProcesses extends WebhookSharedContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }

        @Override
        protected Storage openAnotherProcess() {
            return StoreContract.this.openAnotherProcess();
        }
    }

    @Nested
    class ChangeFeed extends ChangeFeedContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }

        @Override
        protected Storage reopen() {
            return storage().capabilities().contains(Capability.SHARED_BETWEEN_PROCESSES)
                    ? StoreContract.this.openAnotherProcess() : null;
        }
    }

    @Nested
    class WebhookDelivery extends WebhookDeliveryContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }

        @Override
        protected Storage reopen() {
            return storage().capabilities().contains(Capability.SHARED_BETWEEN_PROCESSES)
                    ? StoreContract.this.openAnotherProcess() : null;
        }
    }

    @Nested
    class Backdoor extends BackdoorContract {
        @Override
        protected Storage storage() {
            return StoreContract.this.storage();
        }

        @Override
        protected StoreBackdoor backdoor() {
            return StoreContract.this.backdoor().orElse(null);
        }
    }
}
