package dev.roster.http;

import dev.roster.core.api.Roster;

/** The user contract over REST, served by the Jetty core handler at the server's root. */
class JettyHandlerRestContractTest extends RestUserContract {

    @Override
    RestFixture start(Roster roster) {
        return RestFixture.start(roster);
    }

    @Override
    String prefix() {
        return "";
    }
}
