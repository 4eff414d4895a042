package nc.disk;

/** A createSnapshot body that passed its checks; description defaults to "". */
record NewSnapshot(String clientToken, String name, String description, String diskId) {
}
