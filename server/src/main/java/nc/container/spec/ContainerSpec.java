package nc.container.spec;

import java.util.List;

/** ContainerSpec as it travels (docs/api/nc.md §4.1, with the 2.x members of docs/api/nativecontainer.md §5.2); every member may be absent (null). */
public record ContainerSpec(
        String instanceType,
        String az,
        String name,
        List<HostAlias> hostAliases,
        String hostname,
        List<String> command,
        List<String> args,
        List<EnvVar> envs,
        String image,
        String secret,
        Boolean tty,
        String workingDir,
        VolumeMountSpec rootVolume,
        List<VolumeMountSpec> dataVolumes,
        ElasticIpSpec elasticIp,
        NetworkInterfaceAttachmentSpec primaryNetworkInterface,
        LogConfiguration logConfiguration,
        String description,
        ChargeSpec charge,
        List<nc.disk.Tag> userTags,
        String resourceGroupId,
        String imageCacheId,
        Boolean autoMatchImageCache,
        Boolean autoCreateImageCache) {
}
