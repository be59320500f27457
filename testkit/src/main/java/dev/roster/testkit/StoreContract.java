package dev.roster.testkit;

import dev.roster.core.spi.Storage;
import org.junit.jupiter.api.Nested;

/**
 * The whole contract suite. A store's test class extends this and supplies {@link #storage()};
 * each capability runs as a nested group against it. Engine-specific tests go beside it in the
 * subclass.
 */
public abstract class StoreContract {

    /** The store under test: one instance for the whole test class, opened by the subclass. */
    protected abstract Storage storage();

    @Nested
    class UserStorePort extends UserStorePortContract {
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
    class Presence extends PresenceContract {
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
}
