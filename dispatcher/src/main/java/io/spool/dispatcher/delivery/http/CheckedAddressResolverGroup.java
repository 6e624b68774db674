package io.spool.dispatcher.delivery.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import io.spool.dispatcher.subscription.TargetPolicy;
import reactor.core.scheduler.Schedulers;

/**
 * The outbound client's name resolution, with the target rules applied to the very addresses it connects to.
 * Checking a name and then letting the client resolve it again leaves a window in which DNS can answer
 * differently (DNS rebinding: a public address for the check, a private one for the connection); here the
 * addresses that are checked are the ones used. Literal addresses are checked too. Lookups block, so they run on
 * the bounded elastic scheduler, never on an event loop.
 */
final class CheckedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

	private final TargetPolicy policy;

	private final Function<String, List<InetAddress>> dns;

	CheckedAddressResolverGroup(TargetPolicy policy, Function<String, List<InetAddress>> dns) {
		this.policy = policy;
		this.dns = dns;
	}

	@Override
	protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
		return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {

			@Override
			protected boolean doIsResolved(InetSocketAddress address) {
				return false; // every address goes through doResolve, so literal ones are checked as well
			}

			@Override
			protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
				resolveChecked(address, promise, all -> all.get(0));
			}

			@Override
			protected void doResolveAll(InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
				resolveChecked(address, promise, all -> all);
			}

		};
	}

	/** Checks a literal address at once; looks a name up off the event loop, then checks what it resolved to. */
	private <T> void resolveChecked(InetSocketAddress address, Promise<T> promise,
			Function<List<InetSocketAddress>, T> answer) {
		if (!address.isUnresolved()) {
			complete(address, List.of(address.getAddress()), promise, answer);
			return;
		}
		Schedulers.boundedElastic().schedule(() -> {
			try {
				complete(address, dns.apply(address.getHostString()), promise, answer);
			}
			catch (RuntimeException ex) {
				promise.tryFailure(ex);
			}
		});
	}

	private <T> void complete(InetSocketAddress address, List<InetAddress> addresses, Promise<T> promise,
			Function<List<InetSocketAddress>, T> answer) {
		try {
			policy.check(address.getHostString(), addresses);
			promise.trySuccess(answer.apply(addresses.stream()
				.map(resolved -> new InetSocketAddress(resolved, address.getPort()))
				.toList()));
		}
		catch (RuntimeException ex) {
			promise.tryFailure(ex);
		}
	}

}
