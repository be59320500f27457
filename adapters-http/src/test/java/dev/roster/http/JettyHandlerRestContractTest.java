package dev.roster.http;

/** The user contract over REST, served by the Jetty core handler at the server's root. */
class JettyHandlerRestContractTest extends RestUserContract {

    @Override
    RestFixture server() {
        return RestFixture.jetty();
    }
}
