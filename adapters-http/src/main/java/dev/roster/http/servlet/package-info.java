/** The REST API as a Jakarta Servlet, to mount in any servlet container (Spring, Tomcat, Jetty). */
package dev.roster.http.servlet;
