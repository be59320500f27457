package dev.roster.http;

/** The user contract over REST, served by the servlet under a context path and a servlet path. */
class ServletRestContractTest extends RestUserContract {

    @Override
    RestFixture server() {
        return RestFixture.servlet();
    }
}
