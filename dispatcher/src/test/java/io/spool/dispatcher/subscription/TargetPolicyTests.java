package io.spool.dispatcher.subscription;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetPolicyTests {

	private final TargetPolicy strict = new TargetPolicy(false);

	private final TargetPolicy local = new TargetPolicy(true);

	private static List<InetAddress> ip(String literal) throws UnknownHostException {
		return List.of(InetAddress.getByName(literal));
	}

	private static final URI TARGET = URI.create("https://hooks.example.com/in");

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.10",
			"100.64.0.1", "::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1",
			"ff02::1", "255.255.255.255", "2130706433" })
	void refusesLoopbackPrivateAndMulticastTargetsUnlessPrivateNetworksAreAllowed(String address) throws Exception {
		assertThatThrownBy(() -> strict.check(TARGET, ip(address))).isInstanceOf(BlockedTargetException.class)
			.hasMessageContaining("allow-private-networks");
		assertThatCode(() -> local.check(TARGET, ip(address))).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "169.254.169.254", "169.254.0.1", "fe80::1", "::ffff:169.254.169.254", "0.0.0.0", "::",
			"64:ff9b::a9fe:a9fe" })
	void alwaysRefusesLinkLocalAndUnspecifiedTargets(String address) throws Exception {
		assertThatThrownBy(() -> local.check(TARGET, ip(address))).isInstanceOf(BlockedTargetException.class)
			.hasMessageContaining("never allowed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1", "192.169.0.1" })
	void allowsPublicTargets(String address) throws Exception {
		assertThatCode(() -> strict.check(TARGET, ip(address))).doesNotThrowAnyException();
	}

	@Test
	void refusesAHostWhenAnyOfItsAddressesIsRefused() throws Exception {
		List<InetAddress> mixed = List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.1.1.1"));
		assertThatThrownBy(() -> strict.check(TARGET, mixed)).isInstanceOf(BlockedTargetException.class);
	}

	@Test
	void refusesAHostNameThatResolvesToLoopback() {
		assertThatThrownBy(() -> strict.validate("http://localhost:8080/hook")).isInstanceOf(BlockedTargetException.class);
		assertThatCode(() -> local.validate("http://localhost:8080/hook")).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://example.com/x", "file:///etc/passwd", "/relative/path", "http://", "https://user:pw@example.com/",
			"not a url", "" })
	void refusesUrlsThatAreNotPlainHttpTargets(String url) {
		assertThatThrownBy(() -> TargetPolicy.parse(url)).isInstanceOf(BlockedTargetException.class);
	}

	@Test
	void classifiesIpv4MappedIpv6AsTheIpv4ItCarries() throws Exception {
		assertThat(TargetPolicy.classify(InetAddress.getByName("::ffff:127.0.0.1")))
			.isEqualTo(TargetPolicy.AddressClass.LOOPBACK);
		assertThat(TargetPolicy.classify(InetAddress.getByName("::ffff:8.8.8.8")))
			.isEqualTo(TargetPolicy.AddressClass.PUBLIC);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://2130706433/hook", "http://127.1/hook", "http://127.0.1/hook", "http://0/hook",
			"http://[::ffff:7f00:1]/hook", "http://[0:0:0:0:0:ffff:127.0.0.1]/hook", "http://[::1]:8080/hook",
			"http://169.254.169.254/latest/meta-data", "http://[::ffff:a9fe:a9fe]/", "http://localhost./hook",
			"http://LOCALHOST/hook", "http://0x7f000001/hook", "http://0x7f.0.0.1/hook", "http://017700000001/hook" })
	void refusesLoopbackAndMetadataTargetsWrittenInDecimalShortHexOrIpv6Forms(String url) {
		// Each form either means a refused address to the JDK resolver (the one the sender uses too) or does not
		// resolve at all: both are refused, so no spelling reaches loopback or the metadata service.
		assertThatThrownBy(() -> strict.validate(url)).isInstanceOf(BlockedTargetException.class);
	}

	@Test
	void anOctalLookingAddressMeansTheSameToThePolicyAndToTheSender() throws Exception {
		// glibc reads 0177.0.0.1 as 127.0.0.1, the JDK as 177.0.0.1. The policy checks the address the JDK
		// resolver gives, and the sender connects through the same resolver, so the check and the connection agree.
		assertThat(TargetPolicy.resolve(URI.create("http://0177.0.0.1/"))).containsExactly(InetAddress.getByName("177.0.0.1"));
	}

}
