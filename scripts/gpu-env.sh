#!/bin/bash
# Sourced by the scripts that run on a lent GPU machine with no Node and no network
# (gpu-bench.sh, gpu-sweep.sh): unpacks what scripts/gpu-bundle.mjs packed into $dir (the Vulkan
# loader's Debian packages, Node, Dawn's dawn.node) and points Vulkan at the NVIDIA driver.
# Sets $node; expects $dir.
mkdir -p /tmp/gpu/bin
for f in "$dir"/debs/*.deb; do dpkg -x "$f" /; done
ldconfig
xz -dc "$dir/node.xz" > /tmp/gpu/bin/node && chmod +x /tmp/gpu/bin/node
xz -dkf "$dir/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
node=/tmp/gpu/bin/node
