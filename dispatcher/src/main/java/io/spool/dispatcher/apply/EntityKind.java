package io.spool.dispatcher.apply;

/** The kinds of state the dispatcher keeps; the key prefix is the one used on {@code spool.state.v1}. */
public enum EntityKind {

	PRINTER("printer"), JOB("job"), QUEUE("queue"), PRODUCT("product");

	private final String key;

	EntityKind(String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}

}
