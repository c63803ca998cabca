package dev.stackd.api.compose;

import java.nio.file.Path;

/** Makes the file's paths absolute: "~" is the caller's home, relative paths start at the compose file's folder. */
record HostPaths(Path workingDir, Path home) {

    static HostPaths of(Path workingDir, Interpolator env) {
        String home = env.lookup("HOME");
        return new HostPaths(workingDir, Path.of(home != null ? home : System.getProperty("user.home")));
    }

    Path resolve(String path) {
        if (path.equals("~")) return home;
        if (path.startsWith("~/")) return home.resolve(path.substring(2)).normalize();
        return workingDir.resolve(path).toAbsolutePath().normalize();
    }
}
