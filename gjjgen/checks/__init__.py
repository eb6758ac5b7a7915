"""校验：对整理好的文档逐项核对——表内算术（``arithmetic``）、叙述中的数字（``narrative_lint``）、
引用（``references``）、跨年度（``yearly``），总入口是 ``validate``。
"""
