/** The OpenAPI documents' shared parts. */
package io.spool.support.openapi;
