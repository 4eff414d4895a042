package nc.runtime.docker;

/**
 * An image reference split the way the engine's pull wants it. Without a tag the engine would pull
 * every tag of the repository, so a reference without tag or digest means ":latest".
 */
record ImageName(String repository, String tag) {
    static ImageName parse(String image) {
        if (image.contains("@")) {
            return new ImageName(image, null);
        }
        int colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/')) {
            return new ImageName(image.substring(0, colon), image.substring(colon + 1));
        }
        return new ImageName(image, "latest");
    }
}
