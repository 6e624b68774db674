package io.spool.support.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem document, as Spool writes it: {@code type}, {@code title}, {@code status},
 * {@code detail} and the request path as {@code instance}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "title", "status", "detail", "instance" })
public record Problem(String type, String title, int status, String detail, String instance) {

	/** The RFC's type for problems that need no type of their own. */
	public static final String ABOUT_BLANK = "about:blank";

}
