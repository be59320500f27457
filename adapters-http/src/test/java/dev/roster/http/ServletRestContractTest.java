package dev.roster.http;

import dev.roster.core.api.Roster;

/** The user contract over REST, served by the servlet under a context path and a servlet path. */
class ServletRestContractTest extends RestUserContract {

    @Override
    RestFixture start(Roster roster) {
        return RestFixture.startServlet(roster, RestApi::of);
    }

    @Override
    String prefix() {
        return RestFixture.SERVLET_PREFIX;
    }
}
