/** The admin token that guards every mutating API call. */
package io.spool.dispatcher.admin;
