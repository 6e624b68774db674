package io.spool.dispatcher.subscription;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where Spool may send webhooks (CONTRACT §3): never to link-local addresses (cloud metadata such as
 * 169.254.169.254, {@code fe80::/10}) or the unspecified address; to loopback, private, shared (CGNAT),
 * unique-local and multicast addresses only when private networks are allowed. IPv4-mapped and IPv4-compatible
 * IPv6 forms are judged as the IPv4 address they carry, so {@code [::ffff:127.0.0.1]} is loopback. Every
 * address a host name resolves to must pass. Pure, apart from {@link #resolve}.
 */
public final class TargetPolicy {

	/** What kind of address a target is. */
	public enum AddressClass {

		PUBLIC, LOOPBACK, PRIVATE, MULTICAST, LINK_LOCAL, UNSPECIFIED;

		boolean alwaysRefused() {
			return this == LINK_LOCAL || this == UNSPECIFIED;
		}

	}

	private final boolean allowPrivateNetworks;

	public TargetPolicy(boolean allowPrivateNetworks) {
		this.allowPrivateNetworks = allowPrivateNetworks;
	}

	/**
	 * Checks the form of a URL: absolute {@code http} or {@code https}, with a host, without user info.
	 * @throws BlockedTargetException when it is not one
	 */
	public static URI parse(String url) {
		if (url == null || url.isBlank()) {
			throw new BlockedTargetException("url is required");
		}
		URI uri;
		try {
			uri = URI.create(url.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new BlockedTargetException("url is not a valid URI");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new BlockedTargetException("url must be http or https");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw new BlockedTargetException("url must name a host");
		}
		if (uri.getRawUserInfo() != null) {
			throw new BlockedTargetException("url must not carry credentials");
		}
		return uri;
	}

	/** Resolves the URL's host; blocking, so callers run it off the event loop. */
	public static List<InetAddress> resolve(URI uri) {
		return resolve(uri.getHost());
	}

	/** Resolves a host name; blocking. */
	public static List<InetAddress> resolve(String host) {
		try {
			return List.of(InetAddress.getAllByName(host));
		}
		catch (UnknownHostException ex) {
			throw new BlockedTargetException("host " + host + " does not resolve");
		}
	}

	/**
	 * @throws BlockedTargetException when any of the addresses may not be sent to
	 */
	public void check(URI uri, List<InetAddress> addresses) {
		check(uri.getHost(), addresses);
	}

	/**
	 * @throws BlockedTargetException when any of the addresses {@code host} resolved to may not be sent to
	 */
	public void check(String host, List<InetAddress> addresses) {
		if (addresses.isEmpty()) {
			throw new BlockedTargetException("host " + host + " does not resolve");
		}
		for (InetAddress address : addresses) {
			AddressClass kind = classify(address);
			if (kind.alwaysRefused()) {
				throw new BlockedTargetException(
						"target " + host + " is a " + describe(kind) + " address, which is never allowed");
			}
			if (kind != AddressClass.PUBLIC && !allowPrivateNetworks) {
				throw new BlockedTargetException("target " + host + " is a " + describe(kind)
						+ " address; set spool.dispatcher.delivery.allow-private-networks=true to allow it");
			}
		}
	}

	/** Parses, resolves and checks; blocking. */
	public URI validate(String url) {
		URI uri = parse(url);
		check(uri, resolve(uri));
		return uri;
	}

	public static AddressClass classify(InetAddress address) {
		byte[] b = address.getAddress();
		if (address instanceof Inet6Address) {
			byte[] v4 = embeddedIpv4(b);
			if (v4 != null) {
				return classifyIpv4(v4);
			}
			return classifyIpv6(b);
		}
		if (address instanceof Inet4Address) {
			return classifyIpv4(b);
		}
		return AddressClass.PRIVATE;
	}

	private static AddressClass classifyIpv4(byte[] b) {
		int a0 = b[0] & 0xff;
		int a1 = b[1] & 0xff;
		if (a0 == 0) {
			return AddressClass.UNSPECIFIED; // 0.0.0.0/8: "this network", reaches the local host on Linux
		}
		if (a0 == 169 && a1 == 254) {
			return AddressClass.LINK_LOCAL;
		}
		if (a0 == 127) {
			return AddressClass.LOOPBACK;
		}
		if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)
				|| (a0 == 100 && a1 >= 64 && a1 <= 127) || (a0 == 198 && (a1 == 18 || a1 == 19))) {
			return AddressClass.PRIVATE;
		}
		if (a0 >= 224) {
			return AddressClass.MULTICAST; // multicast, reserved and broadcast
		}
		return AddressClass.PUBLIC;
	}

	private static AddressClass classifyIpv6(byte[] b) {
		boolean allZeroButLast = true;
		for (int i = 0; i < 15; i++) {
			allZeroButLast &= b[i] == 0;
		}
		if (allZeroButLast && b[15] == 0) {
			return AddressClass.UNSPECIFIED;
		}
		if (allZeroButLast && b[15] == 1) {
			return AddressClass.LOOPBACK;
		}
		int first = b[0] & 0xff;
		int second = b[1] & 0xff;
		if (first == 0xfe && (second & 0xc0) == 0x80) {
			return AddressClass.LINK_LOCAL; // fe80::/10
		}
		if ((first & 0xfe) == 0xfc || (first == 0xfe && (second & 0xc0) == 0xc0)) {
			return AddressClass.PRIVATE; // fc00::/7 unique local, fec0::/10 site local
		}
		if (first == 0xff) {
			return AddressClass.MULTICAST;
		}
		return AddressClass.PUBLIC;
	}

	/** The IPv4 address in an IPv4-mapped ({@code ::ffff:a.b.c.d}), -compatible or NAT64 IPv6 address. */
	private static byte[] embeddedIpv4(byte[] b) {
		boolean zeros10 = true;
		for (int i = 0; i < 10; i++) {
			zeros10 &= b[i] == 0;
		}
		boolean mapped = zeros10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
		boolean compatible = zeros10 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
		boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
				&& (b[3] & 0xff) == 0x9b;
		if (mapped || compatible || nat64) {
			return new byte[] { b[12], b[13], b[14], b[15] };
		}
		return null;
	}

	private static String describe(AddressClass kind) {
		return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
