/**
 * The driven ports: what a storage engine implements. Interfaces and immutable values only, in
 * the domain's words; no rule is decided here.
 */
package dev.roster.core.spi;
