"""子命令：每个模块一个命令，提供 ``register(subparsers)``，导入时不引入重依赖。"""
