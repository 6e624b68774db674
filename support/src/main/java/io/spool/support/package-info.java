/** Spring Boot infrastructure shared by the Spool services, as auto-configurations. */
package io.spool.support;
