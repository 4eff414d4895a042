/**
 * The network claims of docs/api/vpc-disk.md made true on the host: VPC connectivity and isolation,
 * stateful security groups, elastic IPs as 1:1 NAT, bandwidth limits. Host mechanisms only
 * (iptables, tc, sysctl); nothing here knows the domain or the Docker API.
 *
 * <p>Entry point: {@link nc.runtime.host.net.HostNetwork#forOwner(String)} for the service's
 * {@code nc.owner} id, giving
 * <ul>
 * <li>{@link nc.runtime.host.net.Firewall}: {@code connectVpc(vpcId, bridges)},
 *     {@code disconnectVpc}, {@code apply(InterfacePolicy)}, {@code remove(interfaceId)} and the
 *     sweeps {@code removeAllExcept}, {@code disconnectAllVpcsExcept};</li>
 * <li>{@link nc.runtime.host.net.ElasticIpNat}: {@code bindElasticIp(eip, privateIp, bridge)},
 *     {@code unbindElasticIp}, sweep {@code unbindAllExcept};</li>
 * <li>{@link nc.runtime.host.net.BandwidthShaper}: {@code shape(hostVeth, mbps)},
 *     {@code unshape}, sweep {@code unshapeAllExcept};</li>
 * <li>{@link nc.runtime.host.net.HostInterfaces}: the bridge holding a subnet's gateway address,
 *     the host veth of a container's main process.</li>
 * </ul>
 * Every call is idempotent and applies at once (one atomic iptables-restore per table, or one tc
 * batch). What survives what: firewall rules and EIP bindings are keyed by private address and
 * bridge and survive container restarts, not host reboots (apply again on start); bandwidth
 * limits live on the veth and must be applied again after every container start.
 */
package nc.runtime.host.net;
