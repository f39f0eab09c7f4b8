/* migc generator: the version `migc --version` prints.
 * The CMake project version; a build may pass it as MIGC_VERSION, and tests/build checks both. */
#ifndef MIGC_VERSION_H
#define MIGC_VERSION_H

#ifndef MIGC_VERSION
#define MIGC_VERSION "0.1.0" /* keep equal to project(migc VERSION ...) in CMakeLists.txt */
#endif

#endif
