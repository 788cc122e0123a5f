"""The two small architectures: a CenterNet-style detector (heatmap + size + offset heads at
stride 4) and a ResNet-like ROI classifier. Both take one grey channel, z-scored."""
from __future__ import annotations

from typing import Dict, Tuple

import torch
from torch import nn
import torch.nn.functional as F


def conv_bn(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class BasicBlock(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.skip = (nn.Identity() if stride == 1 and cin == cout else
                     nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.relu(self.b1(self.c1(x)), inplace=True)
        y = self.b2(self.c2(y))
        return F.relu(y + self.skip(x), inplace=True)


class CenterNetSmall(nn.Module):
    """Encoder to stride 32, top-down path back to stride 4, three heads:
    ``heatmap`` (N, C, H/4, W/4) sigmoid scores per class; ``size`` (N, 2, H/4, W/4) box width and
    height in input pixels / 4; ``offset`` (N, 2, H/4, W/4) sub-cell centre offset in cells."""

    STRIDE = 4

    def __init__(self, num_classes: int, width: int = 32) -> None:
        super().__init__()
        w = width
        self.stem = nn.Sequential(conv_bn(1, w // 2, 2), conv_bn(w // 2, w, 2))   # /4
        self.s8 = BasicBlock(w, 2 * w, 2)                                       # /8
        self.s16 = BasicBlock(2 * w, 3 * w, 2)                                  # /16
        self.s32 = nn.Sequential(BasicBlock(3 * w, 4 * w, 2), BasicBlock(4 * w, 4 * w, 1))  # /32
        self.lat16 = nn.Conv2d(3 * w, 4 * w, 1)
        self.lat8 = nn.Conv2d(2 * w, 4 * w, 1)
        self.lat4 = nn.Conv2d(w, 4 * w, 1)
        self.smooth = nn.ModuleList([conv_bn(4 * w, 4 * w) for _ in range(3)])
        head = 2 * w
        self.heads = nn.ModuleDict({
            name: nn.Sequential(conv_bn(4 * w, head), nn.Conv2d(head, ch, 1))
            for name, ch in (("heatmap", num_classes), ("size", 2), ("offset", 2))
        })
        bias = self.heads["heatmap"][-1].bias
        assert bias is not None
        nn.init.constant_(bias, -2.19)  # prior 0.1, as CenterNet

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        f4 = self.stem(x)
        f8 = self.s8(f4)
        f16 = self.s16(f8)
        f32 = self.s32(f16)
        p = self.smooth[0](self.lat16(f16) + F.interpolate(f32, size=f16.shape[-2:], mode="nearest"))
        p = self.smooth[1](self.lat8(f8) + F.interpolate(p, size=f8.shape[-2:], mode="nearest"))
        p = self.smooth[2](self.lat4(f4) + F.interpolate(p, size=f4.shape[-2:], mode="nearest"))
        return (torch.sigmoid(self.heads["heatmap"](p)), self.heads["size"](p),
                self.heads["offset"](p))


class DiscClassifier(nn.Module):
    """ResNet-like: stride-2 stem, four stages of one BasicBlock each, global average pool, linear →
    ``logits`` (N, 3) for normal / bulge / herniation."""

    def __init__(self, num_classes: int = 3, width: int = 32) -> None:
        super().__init__()
        w = width
        self.features = nn.Sequential(
            conv_bn(1, w, 2), BasicBlock(w, w, 1), BasicBlock(w, 2 * w, 2),
            BasicBlock(2 * w, 4 * w, 2), BasicBlock(4 * w, 8 * w, 2))
        self.fc = nn.Linear(8 * w, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.features(x).mean(dim=(2, 3)))


OUTPUT_NAMES: Dict[str, Tuple[str, ...]] = {
    "centernet": ("heatmap", "size", "offset"),
    "classifier": ("logits",),
}
